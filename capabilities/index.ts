import type { Capability } from "../lib/capability";
import { apps } from "./apps";
import { gitops } from "./gitops";
import { guardrails } from "./guardrails";
import { infrastructure } from "./infrastructure";
import { observability } from "./observability";
import { portal } from "./portal";

/**
 * Every capability of the platform, in the order their parts are built.
 * A new capability is a file here and one line in this list; the pipeline
 * in lib/ does not change.
 */
export const CAPABILITIES: readonly Capability[] = [infrastructure, gitops, guardrails, observability, apps, portal];
