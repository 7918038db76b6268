import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);
import {
  require_tunnel
} from "./chunk-P3RRRAOL.js";
import "./chunk-YHUHSWHQ.js";
export default require_tunnel();
