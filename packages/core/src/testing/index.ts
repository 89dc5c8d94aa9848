export { CaseHistoryBuilder } from './history-builder.js';
export { SeededRandom } from './random.js';
export {
  simulatePopulation,
  type PopulationOptions,
  type SimulatedCase,
  type SimulatedPopulation,
  type SimulatedProvider,
} from './simulate-population.js';
export { simulateAlternatingEmployment, type AlternatingEmployment, type AlternatingEmploymentOptions } from './alternating-employment.js';
