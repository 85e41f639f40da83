export { createHotlineService, type HotlineServiceDeps, type HotlineRuntime } from './service';
export { runHotline, type RunOptions, type RunningHotline } from './runHotline';
export { HOTLINE_SERVICE } from './grpc/handlers';
export { createHotlineApplication, type HotlineApplication } from './application/hotlineApplication';
