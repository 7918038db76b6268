import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);
import {
  Context,
  GitHub,
  getOctokitOptions
} from "./chunk-H64TZQSP.js";
import "./chunk-75U5LQRD.js";
import "./chunk-HXR74SCX.js";
import "./chunk-HPJZULHA.js";

// node_modules/@actions/github/lib/github.js
var context = new Context();
function getOctokit(token, options, ...additionalPlugins) {
  const GitHubWithPlugins = GitHub.plugin(...additionalPlugins);
  return new GitHubWithPlugins(getOctokitOptions(token, options));
}
export {
  context,
  getOctokit
};
