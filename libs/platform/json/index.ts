export {
  isJsonObject,
  jsonIdText,
  jsonNumberText,
  jsonString,
  parseJsonLossless,
  tryParseJsonLossless,
} from './lossless-json.parse';
export type { JsonObject, JsonParseResult, JsonValue } from './lossless-json.parse';
export { jsonNumber, stringifyJson } from './lossless-json.stringify';
export { LosslessNumber, isLosslessNumber } from 'lossless-json';
