module.exports = { ...require('../jest.base.js'), displayName: 'stack', rootDir: __dirname };
