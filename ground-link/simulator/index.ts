export { Simulator, simulateToTlog, PHYSICS_STEP_US, AFTER_LAST_DISARM_US } from './simulator.js';
export type { SimulatedChunk, SimulatorOptions } from './simulator.js';
export { resolveSimulatorOptions, DEFAULT_ORIGIN, DEFAULT_START_US } from './simulatorOptions.js';
export type { ResolvedSimulatorOptions } from './simulatorOptions.js';
export type {
  GroundTruth,
  VehicleTruth,
  InjectedFault,
  FaultKind,
  TruePositionSample,
} from './groundTruth.js';
export { SCENARIO_NAMES, SCENARIO_TIMING, isScenarioName } from './scenarios.js';
export type { ScenarioName } from './scenarios.js';
export { STREAM_RATES_HZ, TOTAL_STREAM_RATE_HZ } from './messageRates.js';
export type { StreamedMessageName } from './messageRates.js';
export { FLIGHT_PROFILE } from './flightProfile.js';
export { px4CustomMode, SIM_FLIGHT_MODES } from './px4Modes.js';
export type { SimFlightMode } from './px4Modes.js';
export { defaultRangeFence, rangeFenceToGeoJson, DEFAULT_FENCE_HALF_SIDE_M } from './rangeFence.js';
export type { RangeFence, FenceFeatureCollection } from './rangeFence.js';
export type { RangeOrigin, GeoPoint } from './geo.js';
