// Types of scripts/bundle.mjs, for the tests that bundle their own entry.
export declare const BUNDLE_OUT: string;
export declare function bundleProvider(outfile?: string, entry?: string): Promise<unknown>;
