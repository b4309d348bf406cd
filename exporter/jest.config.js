module.exports = { ...require('../jest.base.js'), displayName: 'exporter', rootDir: __dirname };
