import { z } from "zod";
import { platformSchema } from "./schema";

/** The JSON Schema of platform.yaml as written (defaults optional), for editors. */
export function platformSchemaJson(): string {
  const schema = z.toJSONSchema(platformSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "basecamp platform description" }, null, 2)}\n`;
}
