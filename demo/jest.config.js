module.exports = { ...require('../jest.base.js'), displayName: 'demo', rootDir: __dirname };
