import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";
import { resourceConfig } from "../../bindings/resource-config";

export interface VirtualEnvironmentFileSourceRaw {
  /** The content; Terraform interpolations in it are resolved at apply time. */
  readonly data: string;
  readonly fileName: string;
}

export interface VirtualEnvironmentFileConfig extends cdktf.TerraformMetaArguments {
  readonly nodeName: string;
  readonly datastoreId: string;
  /** `snippets` for cloud-init user data; the datastore must allow that content. */
  readonly contentType: string;
  readonly sourceRaw: VirtualEnvironmentFileSourceRaw;
}

function sourceRawToTerraform(struct?: VirtualEnvironmentFileSourceRaw | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) return struct;
  const s = struct as VirtualEnvironmentFileSourceRaw;
  return { data: cdktf.stringToTerraform(s.data), file_name: cdktf.stringToTerraform(s.fileName) };
}

/** proxmox_virtual_environment_file (uploads over SSH to the node for snippets). */
export class VirtualEnvironmentFile extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_virtual_environment_file";

  private readonly _nodeName: string;
  private readonly _datastoreId: string;
  private readonly _contentType: string;
  private readonly _sourceRaw: VirtualEnvironmentFileSourceRaw;

  constructor(scope: Construct, id: string, config: VirtualEnvironmentFileConfig) {
    super(scope, id, resourceConfig(VirtualEnvironmentFile.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
    this._nodeName = config.nodeName;
    this._datastoreId = config.datastoreId;
    this._contentType = config.contentType;
    this._sourceRaw = config.sourceRaw;
  }

  /** The volume id, such as `local:snippets/x.yaml`: a VM's `userDataFileId`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      node_name: cdktf.stringToTerraform(this._nodeName),
      datastore_id: cdktf.stringToTerraform(this._datastoreId),
      content_type: cdktf.stringToTerraform(this._contentType),
      // An SDKv2 block of at most one item: a list of one object in JSON.
      source_raw: cdktf.listMapper(sourceRawToTerraform, true)([this._sourceRaw]),
    };
  }
}
