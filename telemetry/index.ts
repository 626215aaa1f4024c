export * from './model/sampleKinds.js';
export * from './model/sample.js';
export * from './model/flightEvent.js';
export * from './model/linkStats.js';
export * from './model/vehicleState.js';
export * from './contract/ingest.js';
export * from './contract/live.js';
