export { renderPreflightText } from './preflight-text.js';
export { renderPreflightJson } from './preflight-json.js';
export { renderPreflightMarkdown } from './preflight-markdown.js';
