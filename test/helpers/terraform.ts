// The offline terraform runner lives with npm run validate, which uses it too.
export * from "../../lib/validate/terraform";
