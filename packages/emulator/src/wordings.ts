/**
 * Chinese wordings the emulator makes up itself (rejection, deferral and failure reasons) and media
 * ids, from faker's zh_CN locale. Only that locale is loaded (the package's main entry would load
 * every locale), and only when first needed, synchronously through require(esm) (Node 20.19+,
 * 22.12+): the CLI starts without it. Faker is re-seeded from the emulator's PRNG before each use,
 * so its output is a pure function of the seed and the order of requests.
 */
import { createRequire } from "node:module";
import type { faker as ZhFaker } from "@faker-js/faker/locale/zh_CN";
import type { Prng } from "./random.js";

type Faker = typeof ZhFaker;
let loaded: Faker | undefined;
function zhFaker(): Faker {
  loaded ??= (createRequire(import.meta.url)("@faker-js/faker/locale/zh_CN") as { faker: Faker }).faker;
  return loaded;
}

const REJECTION = [
  (f: Faker) =>
    `小程序页面存在与“${f.word.sample()}”相关的内容，不符合《微信小程序平台运营规范》，请修改后重新提交审核。`,
  (f: Faker) => `小程序名称与主体“${f.company.name()}”的关联性不足，请补充相关材料后重新提交。`,
  (f: Faker) => `测试账号无法登录，请在备注中提供可用的测试账号及密码（联系人：${f.person.fullName()}）。`,
  () => "小程序部分页面无法正常打开或功能不完整，请检查后重新提交审核。",
  () => "小程序服务类目与实际提供的服务不符，请选择正确的类目后重新提交。",
];

const DEFERRAL = [
  (f: Faker) => `你的小程序涉及“${f.commerce.department()}”相关服务，需要进一步核实，审核将延后处理。`,
  () => "当前审核排队较多，你的小程序审核将延后处理，请耐心等待。",
  (f: Faker) => `小程序主体“${f.company.name()}”的资质正在核实中，审核将延后处理。`,
];

const NICKNAME_FAILURE = [
  (f: Faker) => `该名称与已有主体“${f.company.name()}”的名称存在冲突，请修改后重新提交。`,
  () => "提交的材料无法证明你有权合理使用该名称，请补充材料后重新提交。",
  () => "名称不符合《微信小程序平台运营规范》中的命名规则，请修改后重新提交。",
];

function pick<T>(list: readonly T[], prng: Prng): T {
  return list[prng.int(0, list.length - 1)]!;
}

function gen(list: ReadonlyArray<(f: Faker) => string>, prng: Prng): string {
  const make = pick(list, prng);
  const faker = zhFaker();
  faker.seed(prng.u32());
  return make(faker);
}

export const rejectionReason = (prng: Prng): string => gen(REJECTION, prng);
export const deferralReason = (prng: Prng): string => gen(DEFERRAL, prng);
export const nicknameFailReason = (prng: Prng): string => gen(NICKNAME_FAILURE, prng);

/** One to three media ids joined by `|`, as the `screenshot` of a rejected audit. */
export function screenshotIds(prng: Prng): string {
  const faker = zhFaker();
  faker.seed(prng.u32());
  const count = faker.number.int({ min: 1, max: 3 });
  return Array.from({ length: count }, () => faker.string.alphanumeric(64)).join("|");
}
