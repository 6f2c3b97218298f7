import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";
import { resourceConfig } from "./resource-config";

export interface VirtualEnvironmentDownloadFileConfig extends cdktf.TerraformMetaArguments {
  readonly nodeName: string;
  readonly datastoreId: string;
  /** `iso` or `import` for VM images, `vztmpl` for LXC templates. */
  readonly contentType: string;
  /** The node downloads from here itself; Terraform never handles the bytes. */
  readonly url: string;
  /** @default - derived from `url` */
  readonly fileName?: string;
  /** Replace the file when its size upstream or in the datastore changes. @default true */
  readonly overwrite?: boolean | cdktf.IResolvable;
}

/** proxmox_virtual_environment_download_file */
export class VirtualEnvironmentDownloadFile extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_virtual_environment_download_file";

  private readonly _nodeName: string;
  private readonly _datastoreId: string;
  private readonly _contentType: string;
  private readonly _url: string;
  private readonly _fileName?: string;
  private readonly _overwrite?: boolean | cdktf.IResolvable;

  constructor(scope: Construct, id: string, config: VirtualEnvironmentDownloadFileConfig) {
    super(scope, id, resourceConfig(VirtualEnvironmentDownloadFile.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
    this._nodeName = config.nodeName;
    this._datastoreId = config.datastoreId;
    this._contentType = config.contentType;
    this._url = config.url;
    this._fileName = config.fileName;
    this._overwrite = config.overwrite;
  }

  /** The volume id, such as `local:iso/debian-12-generic-amd64.img`: a VM disk's `fileId`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      node_name: cdktf.stringToTerraform(this._nodeName),
      datastore_id: cdktf.stringToTerraform(this._datastoreId),
      content_type: cdktf.stringToTerraform(this._contentType),
      url: cdktf.stringToTerraform(this._url),
      file_name: cdktf.stringToTerraform(this._fileName),
      overwrite: cdktf.booleanToTerraform(this._overwrite),
    };
  }
}
