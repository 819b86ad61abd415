export const PACKAGE_DIR: string;
export const CDKTF_PACKAGE_DIR: string;
export const FLAVOUR_DIR: string;
export function toCdktn(source: string): string;
export function writeFlavour(): void;
