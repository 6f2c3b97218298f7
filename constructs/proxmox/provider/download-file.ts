import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "../../bindings/resource-config";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";

export interface DownloadFileConfig extends cdktf.TerraformMetaArguments {
  readonly nodeName: string;
  readonly datastoreId: string;
  /** `import` for disk images (PVE 8.4+, the storage must allow Import), `iso`, or `vztmpl`. */
  readonly contentType: string;
  /** The node downloads from here itself; Terraform never handles the bytes. */
  readonly url: string;
  /** The expected checksum: a file that does not match is refused. */
  readonly checksum: string;
  /** md5, sha1, sha224, sha256, sha384 or sha512. */
  readonly checksumAlgorithm: string;
  /** @default - derived from `url` */
  readonly fileName?: string;
  /** Replace the file when its size upstream or in the datastore changes. @default true */
  readonly overwrite?: boolean | cdktf.IResolvable;
}

/** proxmox_download_file (the short name of proxmox_virtual_environment_download_file). */
export class DownloadFile extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_download_file";

  constructor(scope: Construct, id: string, private readonly config: DownloadFileConfig) {
    super(scope, id, resourceConfig(DownloadFile.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
  }

  /** The volume id, such as `local:import/debian-13-genericcloud-amd64.qcow2`: a VM disk's `importFrom`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return {
      node_name: cdktf.stringToTerraform(c.nodeName),
      datastore_id: cdktf.stringToTerraform(c.datastoreId),
      content_type: cdktf.stringToTerraform(c.contentType),
      url: cdktf.stringToTerraform(c.url),
      checksum: cdktf.stringToTerraform(c.checksum),
      checksum_algorithm: cdktf.stringToTerraform(c.checksumAlgorithm),
      file_name: cdktf.stringToTerraform(c.fileName),
      overwrite: cdktf.booleanToTerraform(c.overwrite),
    };
  }
}
