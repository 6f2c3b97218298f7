// The object kinds and their checks live with npm run validate, which uses them too.
export * from "../../lib/validate/kube-kinds";
