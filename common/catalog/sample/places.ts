/**
 * SAMPLE CONTENT. Place names of the sample county, for the sample catalog's address fields:
 * the handwriting recogniser prefers their characters when the resident writes an address
 * (`hint: 'address'`), and the recogniser's accuracy test writes them. Invented, like the rest of
 * the sample catalog, but built the way village addresses are: county, township, village,
 * villagers' group, house number.
 */

export const sampleCounty = '示范县'

/** Townships (乡镇) of the sample county and their villages (行政村). */
export const sampleTownships: ReadonlyArray<{ name: string; villages: readonly string[] }> = [
  {
    name: '城关镇',
    villages: ['东关村', '西关村', '南街村', '北街村', '新华村', '光明村', '城南社区'],
  },
  {
    name: '河口镇',
    villages: ['大河村', '小河村', '石桥村', '柳树湾村', '王家湾村', '渡口村'],
  },
  {
    name: '青山乡',
    villages: ['青山村', '白马村', '桃园村', '李家庄村', '张家沟村', '黄土坡村'],
  },
  {
    name: '新集乡',
    villages: ['新集村', '红星村', '胜利村', '团结村', '和平村', '前进村', '高庄村'],
  },
  {
    name: '石门乡',
    villages: ['石门村', '刘家坪村', '陈家寨村', '马家堡村', '杨树岭村', '长寿村', '清水村'],
  },
  {
    name: '龙泉镇',
    villages: ['龙泉村', '凤凰村', '金沙村', '竹园村', '松林村', '双井村', '杏花村', '荷塘村'],
  },
]

/** Sample addresses as residents write them on forms (mailing address, 位置（四至）). */
export const sampleAddresses: readonly string[] = [
  '示范县城关镇东关村三组12号',
  '示范县城关镇新华路18号院2单元301室',
  '示范县河口镇大河村五组28号',
  '示范县河口镇石桥村一组7号',
  '示范县青山乡白马村二组36号',
  '示范县青山乡李家庄村四组9号',
  '示范县新集乡红星村六组15号',
  '示范县新集乡团结村八组41号',
  '示范县石门乡刘家坪村七组20号',
  '示范县石门乡杨树岭村十组5号',
  '示范县龙泉镇凤凰村九组3号',
  '示范县龙泉镇金沙村二组17号',
  '东至村道，南至张家承包地，西至水渠，北至李家宅基地',
  '东至公路，南至河沟，西至后山，北至王家老屋',
]
