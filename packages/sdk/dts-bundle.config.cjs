// dts-bundle-generator: one declaration file for the package, made from tsc's declarations
// (dist-types/). The workspace-only `@parley/contract` is mapped to its declarations there, so the
// wire types the SDK takes from it are inlined: the published package cannot depend on it.
module.exports = {
  compilationOptions: { preferredConfigPath: './tsconfig.bundle-types.json' },
  entries: [
    {
      filePath: './dist-types/sdk/src/index.d.ts',
      outFile: './dist/index.d.ts',
      libraries: { inlinedLibraries: ['@parley/contract'] },
      output: { noBanner: true, exportReferencedTypes: false },
    },
  ],
};
