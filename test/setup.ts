import { Testing } from "cdktf";
import { removeTempDirs } from "./helpers/tree";

Testing.setupJest();
afterAll(removeTempDirs);
