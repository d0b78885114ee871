//! The gzip stream behind `base64gzip`. Terraform's result is the Base64 of
//! whatever Go's compressor emits, so this writes the same framing as Go:
//! a header with no name, time or OS, the data in non-final blocks (fixed
//! Huffman or stored, whichever is smaller), the empty stored block of a
//! sync flush, then an empty final stored block. Matching of repeated strings is not attempted, so for inputs with
//! repeats the bytes differ from Go's although they decompress the same.

/// Go flushes a block after this many symbols.
const BLOCK_SYMBOLS: usize = 1 << 14;

/// `data` compressed as a gzip member.
pub(super) fn compress(data: &[u8]) -> Vec<u8> {
    let mut w = BitWriter::default();
    w.bytes
        .extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    for block in data.chunks(BLOCK_SYMBOLS) {
        write_block(&mut w, block);
    }
    // Terraform flushes before closing: an empty non-final stored block,
    // then the empty final stored block that closes Go's stream.
    w.bits(0, 3);
    w.align();
    w.bits(0, 16);
    w.bits(0xffff, 16);
    w.bits(1, 3);
    w.align();
    w.bits(0, 16);
    w.bits(0xffff, 16);
    w.align();
    let mut out = w.bytes;
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn write_block(w: &mut BitWriter, block: &[u8]) {
    let fixed_bits: usize = 3
        + block
            .iter()
            .map(|&b| fixed_code(u16::from(b)).1)
            .sum::<usize>()
        + 7;
    let stored_bits = (block.len() + 5) * 8;
    if stored_bits < fixed_bits {
        w.bits(0, 3);
        w.align();
        let len = block.len() as u32;
        w.bits(len, 16);
        w.bits(!len & 0xffff, 16);
        w.align();
        w.bytes.extend_from_slice(block);
    } else {
        w.bits(2, 3);
        for &b in block {
            let (code, len) = fixed_code(u16::from(b));
            w.bits(code, len);
        }
        let (code, len) = fixed_code(256);
        w.bits(code, len);
    }
}

/// The fixed-Huffman code of a literal/length symbol, bit-reversed for the
/// least-significant-bit-first stream, and its length.
fn fixed_code(symbol: u16) -> (u32, usize) {
    let (base, first, len) = match symbol {
        0..=143 => (0x30, 0, 8),
        144..=255 => (0x190, 144, 9),
        256..=279 => (0, 256, 7),
        _ => (0xc0, 280, 8),
    };
    let code = u32::from(base + symbol - first);
    (code.reverse_bits() >> (32 - len), len)
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    count: usize,
}

impl BitWriter {
    fn bits(&mut self, value: u32, len: usize) {
        self.acc |= u64::from(value) << self.count;
        self.count += len;
        while self.count >= 8 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    fn align(&mut self) {
        if self.count > 0 {
            self.bytes.push(self.acc as u8);
            self.acc = 0;
            self.count = 0;
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }
}
