/** Set across the reload that follows an enrolment: the page comes back on the 登记完成 screen. */
export const ENROLLED_FLAG = 'kiosk.technician.enrolled'
