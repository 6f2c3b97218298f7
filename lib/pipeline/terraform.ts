import * as path from "path";
import { AnnotationMetadataEntryType, TerraformStack, type App } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { version as cdktfVersion } from "cdktf/package.json";
import { FileSet } from "./file-set";
import { stackJson } from "./stack-json";
import { stableJson } from "./stable-json";

/** A synthesized Terraform stack, as data. */
export interface StackOutput {
  readonly name: string;
  readonly constructPath: string;
  readonly dependencies: string[];
  readonly warnings: { constructPath: string; level: string; message: string }[];
  readonly json: Record<string, any>;
}

/**
 * What App.synth() does, without writing: aspects, validations and error
 * annotations, then each stack's Terraform JSON. Errors name construct paths.
 * Unlike App.synth() it skips prepareStack(), a whole extra resolve of every
 * stack that only finds cross-stack references and adds a default backend:
 * our stacks read each other through explicit remote state and set their
 * backends (the CLI parity test compares with `cdktf synth` byte for byte).
 * Each stack's JSON comes from stackJson(), toTerraform() with a cheaper resolve.
 */
export function synthStacks(app: App): StackOutput[] {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const outputs = stacks.map((stack) => {
    invokeAspects(stack);
    stack.runAllValidations();
    const annotations = stack.node.findAll().flatMap((c) =>
      c.node.metadata
        .filter((m) => Object.values(AnnotationMetadataEntryType).includes(m.type as AnnotationMetadataEntryType))
        .map((m) => ({ constructPath: c.node.path, level: m.type, message: String(m.data) })),
    );
    const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
    if (errors.length > 0) throw new Error(errors.map((e) => `[${e.constructPath}] ${e.message}`).join("\n"));
    return {
      name: stack.node.id,
      constructPath: stack.node.path,
      dependencies: stack.dependencies.map((d) => d.node.path),
      warnings: annotations,
      json: stackJson(stack),
    };
  });
  const appErrors = app.node.validate();
  if (appErrors.length > 0) throw new Error(appErrors.join("\n"));
  return outputs;
}

/** The files of cdktf.out/, byte for byte as `cdktf synth` writes them. */
export function stackFiles(stacks: readonly StackOutput[]): FileSet {
  const files = new FileSet("cdktf.out");
  const manifest: Record<string, unknown> = {};
  for (const s of stacks) {
    const dir = path.posix.join("stacks", s.name);
    manifest[s.name] = {
      name: s.name,
      constructPath: s.constructPath,
      workingDirectory: dir,
      synthesizedStackPath: path.posix.join(dir, "cdk.tf.json"),
      stackMetadataPath: path.posix.join(dir, "metadata.json"),
      annotations: s.warnings,
      dependencies: s.dependencies,
    };
    files.add(path.posix.join(dir, "cdk.tf.json"), stableJson(s.json), s.constructPath);
  }
  files.add("manifest.json", stableJson({ version: cdktfVersion, stacks: manifest }), "cdktf");
  return files;
}
