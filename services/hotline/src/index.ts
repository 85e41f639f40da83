export { createHotlineService, type HotlineServiceDeps, type HotlineRuntime } from './service';
export { HOTLINE_SERVICE } from './grpc/handlers';
export { createHotlineApplication, type HotlineApplication } from './application/hotlineApplication';
