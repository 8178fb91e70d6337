/**
 * Entry points for the device manager and the composition root. Real device: open a
 * ByteTransport (usb bulk, TCP 9100, serial), then `driver.attach(transport)`; after an unplug,
 * open again and attach again: queued jobs resume. Simulator: `driver.attach(sim)` with
 * `new PrinterSimulator()`.
 */
export { ReceiptPrinterDriver, PrinterError, type PrinterDriverOptions } from './driver'
export { PrinterSimulator, type PrinterSimOptions } from './simulator'
export { MemoryPrintJobStore, type PrintJob, type PrintJobStore } from './job-store'
export { layoutReceipt, layoutTestPage } from './layout'
export { parseEscPos, type ParsedReceipt } from './escpos-parser'
