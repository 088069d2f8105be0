// The graph: one model, one layout input, one scene and one painter, shared by the webview and
// `incidentmap graph`, so the picture in the editor and the one in the docs are the same.
export * from './model';
export * from './layout';
export * from './scene';
export * from './svg';
export * from './text';
export * from './overview';
export * from './partitioned';
export * from './page';
