module.exports = { testEnvironment: "node", setupFilesAfterEnv: ["<rootDir>/setup.js"] };
