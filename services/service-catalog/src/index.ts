export { createServiceCatalogService, SERVICE_CATALOG_SERVICE, type ServiceCatalogOptions } from './service';
export { createCatalog, type Catalog } from './catalog';
export { loadDeqingDemo } from './demo/loadDeqingDemo';
export { generateDeqingDemo, type DemoDataSet } from './demo/deqingDemoData';
