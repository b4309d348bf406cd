module.exports = { ...require('../jest.base.js'), displayName: 'instrument', rootDir: __dirname };
