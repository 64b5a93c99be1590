// dts-bundle-generator: one declaration file for the package, with the wire types of the
// workspace-only `@parley/contract` inlined (the published package cannot depend on it).
module.exports = {
  compilationOptions: { preferredConfigPath: './tsconfig.build.json' },
  entries: [
    {
      filePath: './src/index.ts',
      outFile: './dist/index.d.ts',
      libraries: { inlinedLibraries: ['@parley/contract'] },
      output: { noBanner: true, exportReferencedTypes: false },
    },
  ],
};
