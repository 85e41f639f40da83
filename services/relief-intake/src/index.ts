export { createReliefIntakeService, RELIEF_INTAKE_SERVICE } from './service';
