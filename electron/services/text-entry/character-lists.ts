import {
  sampleAddresses,
  sampleCounty,
  sampleTownships,
} from '../../../common/catalog/sample/places'

/**
 * The characters a field is likely to hold, for re-ranking handwriting candidates.
 *
 * Surnames: the 100 most common surnames of the Ministry of Public Security's household-register
 * ranking (公安部户政管理研究中心《二〇二〇年全国姓名报告》, the top-100 list as published and widely
 * reprinted), most common first. Together they cover about 85 % of the population.
 *
 * Given-name characters: compiled by hand from the same yearly name reports (the most common
 * full names, e.g. 张伟 王芳 李娜 刘洋, and the newborns' favourites, e.g. 梓 涵 宇 轩 沐 辰) and from
 * the characters that dominate the names of residents now over sixty (英 秀 兰 华 珍 桂 淑…).
 * It is a list of common characters, not a measured ranking; its order only matters for which
 * characters the accuracy test's "200 most common" set takes.
 */
export const COMMON_SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文',
)

export const COMMON_GIVEN_NAME_CHARACTERS = Array.from(
  '英华玉秀明珍芳兰国红建丽军平海春霞云志杰伟峰强敏静燕娟艳勇梅涛辉刚波宇浩鹏俊超磊鑫婷雪佳欣怡子涵轩萱梓雨晨博宏德成荣凤桂淑琴翠福生亮庆东新光永祥斌洪彬健毅丹慧颖琳倩晶洁莉萍瑞思诗嘉一家奕泽铭睿昊诺宁安乐清娜洋芬兵飞鸿翔凯琪妍彤沐辰泓霖瑶桐然颜',
)

/** The `n` most common name characters: surnames first, then given-name characters not yet in. */
export function commonNameCharacters(n = Infinity): string[] {
  const out: string[] = []
  for (const c of [...COMMON_SURNAMES, ...COMMON_GIVEN_NAME_CHARACTERS]) {
    if (out.length >= n) break
    if (!out.includes(c)) out.push(c)
  }
  return out
}

const isHan = (c: string) => /\p{Script=Han}/u.test(c)

/** Characters of the sample catalog's place names and addresses, in order of first use. */
export function addressCharacters(): string[] {
  const text = [
    sampleCounty,
    ...sampleTownships.flatMap((t) => [t.name, ...t.villages]),
    ...sampleAddresses,
    // The words every rural address is made of, whichever county.
    '省市县区乡镇村组号路街巷社区居委会单元楼室院屯庄湾沟坪坡岭山河桥寨堡营店铺集东南西北上下前后中新老大小一二三四五六七八九十百',
  ].join('')
  return [...new Set(Array.from(text).filter(isHan))]
}
