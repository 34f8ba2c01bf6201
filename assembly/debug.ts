// Entry of the debug build: the release exports plus the self-checks tests use.
export * from "./index";
export { checkIntegrity, longestProbe } from "./integrity";
