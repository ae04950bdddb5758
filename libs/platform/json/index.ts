export * from './lossless-json.parse';
export * from './lossless-json.stringify';
export { LosslessNumber, isLosslessNumber } from 'lossless-json';
