import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);
import {
  GitHub,
  context,
  defaults,
  getOctokitOptions,
  getUserAgentWithOrchestrationId
} from "./chunk-WB2TRB62.js";
import "./chunk-G4ORLJPG.js";
import "./chunk-2QQVDLEL.js";
import "./chunk-HPJZULHA.js";
export {
  GitHub,
  context,
  defaults,
  getOctokitOptions,
  getUserAgentWithOrchestrationId
};
