module.exports = { ...require('../jest.base.js'), displayName: 'deploy', rootDir: __dirname };
