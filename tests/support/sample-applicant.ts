/** The applicant of the sample 高龄津贴 form, as the ID card and the form hold her. */
export const sampleApplicant = {
  name: '王秀英',
  gender: 'female',
  nation: '汉',
  birthDate: '1940-03-07',
  idNumber: '110101194003071249',
  address: '示例省示例县青山镇石桥村3组12号',
}
