#!/usr/bin/env bash
# Makes docs/preview.png (1366 px wide) and docs/preview-phone.png (390 px wide), each the full page:
# the HTML preview of the examples on generated data, as headless Chromium draws it.
# Installs what is missing of Debian's chromium and Noto fonts: Thai, Persian and Korean names
# (fonts-noto-core, fonts-noto-cjk) and emoji in messages (fonts-noto-color-emoji; without
# it a ✨ is an empty box).
# Usage: docs/screenshots.sh   (from anywhere; needs root or sudo for the install only)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

missing=()
for package in chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

swift build --product campaign
bin="$(swift build --show-bin-path)/campaign"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$bin" gen --customers 20000 --seed 14 --out "$work/data" >/dev/null
# The window of the examples' README; preview exits 0 with warnings alone.
"$bin" preview examples --customers "$work/data/customers.csv" --events "$work/data/events.csv" \
    --from 2026-04-01 --to 2027-01-01 --html "$work/preview.html" >/dev/null

shoot() { # width height output [extra flags]
    local width="$1" height="$2" out="$3"
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$width,$height" --screenshot="$out" "file://$work/preview.html" >/dev/null 2>&1
}
# The whole page at each width. Chromium's screenshot is the window, so the window is made
# taller than the page and the shot trimmed of its blank end.
shoot 1366 12000 "$work/desktop-tall.png"
shoot 390 24000 "$work/phone-tall.png"
trim() { python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
# Crops the blank (page background) rows off the bottom of an 8-bit RGB(A) PNG, no libraries.
src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
pos, chunks = 8, []
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8]); chunks.append((kind, data[pos + 8:pos + 8 + n])); pos += 12 + n
w, h, depth, ctype = struct.unpack('>IIBB', chunks[0][1][:10])
bpp = {2: 3, 6: 4}[ctype]
raw = zlib.decompress(b''.join(c for k, c in chunks if k == b'IDAT'))
stride, rows, prev = w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); prev = line
blank = rows[-1]
end = len(rows)
while end > 1 and rows[end - 1] == blank: end -= 1
end = min(len(rows), end + 24)
out = b''.join(b'\0' + r for r in rows[:end])
def chunk(k, d): return struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, end, 8, ctype, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(out, 9)) + chunk(b'IEND', b'')
open(dst, 'wb').write(png)
PY
}
trim "$work/desktop-tall.png" "$root/docs/preview.png"
trim "$work/phone-tall.png" "$root/docs/preview-phone.png"
echo "wrote docs/preview.png and docs/preview-phone.png"
