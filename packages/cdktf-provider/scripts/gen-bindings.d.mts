// Types of gen-bindings.mjs, for test/bindings.test.ts.
export declare const GEN_DIR: string;
export declare const PROVIDER_SOURCE: string;
export declare function loadProviderSchema(): Promise<unknown>;
export declare function providerVersionConstraint(): string;
export declare function generateBindings(schema: unknown): Promise<Map<string, string>>;
export declare function readCommittedBindings(dir?: string): Map<string, string>;
