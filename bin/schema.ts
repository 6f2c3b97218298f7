import { writeFileSync } from "fs";
import { platformSchemaJson } from "../lib/model/json-schema";

/** Writes platform.schema.json, which editors read through the comment at the top of platform.yaml. */
writeFileSync("platform.schema.json", platformSchemaJson());
console.log("wrote platform.schema.json");
