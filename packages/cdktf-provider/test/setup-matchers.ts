import { setupWxaMatchers } from "../src/testing/index.js";

setupWxaMatchers();
