import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);
import {
  GitHub,
  context,
  defaults,
  getOctokitOptions,
  getUserAgentWithOrchestrationId
} from "./chunk-H64TZQSP.js";
import "./chunk-75U5LQRD.js";
import "./chunk-HXR74SCX.js";
import "./chunk-HPJZULHA.js";
export {
  GitHub,
  context,
  defaults,
  getOctokitOptions,
  getUserAgentWithOrchestrationId
};
