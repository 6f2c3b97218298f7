// The CRD schema checks live with npm run validate, which uses them too.
export * from "../../lib/validate/crd-schemas";
