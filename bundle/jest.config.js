module.exports = { ...require('../jest.base.js'), displayName: 'bundle', rootDir: __dirname };
