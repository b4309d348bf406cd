module.exports = { ...require('../jest.base.js'), displayName: 'testkit', rootDir: __dirname };
