export * from './frame.js';
export * from './frame-decoder.js';
export * from './schemas.js';
export * from './status.js';
export * from './schemas-files.js';
export * from './schemas-rooms.js';
