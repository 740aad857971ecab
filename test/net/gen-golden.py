#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Writes golden.h: frames built with an independent checksum implementation,
# the reference the wire and stack tests decode and compare against.
#   python3 gen-golden.py > golden.h
#   python3 gen-golden.py --corpus ../fuzz/corpus/net-frames  (fuzz seeds)
import struct
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b))
    while s>>16: s=(s&0xffff)+(s>>16)
    return (~s)&0xffff
def ip(a): return bytes(int(x) for x in a.split('.'))
HOST=bytes.fromhex('525500000202'); US=bytes.fromhex('525400123456')
def eth(dst,src,t,p): return dst+src+struct.pack('!H',t)+p
def ipv4(src,dst,proto,payload,ttl=64,ident=1,frag=0x4000):
    h=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(payload),ident,frag,ttl,proto,0,ip(src),ip(dst))
    h=h[:10]+struct.pack('!H',csum(h))+h[12:]
    return h+payload
def udp(src,dst,sp,dp,data):
    l=8+len(data)
    ph=ip(src)+ip(dst)+struct.pack('!BBH',0,17,l)
    u=struct.pack('!HHHH',sp,dp,l,0)+data
    c=csum(ph+u) or 0xffff
    return u[:6]+struct.pack('!H',c)+u[8:]
def icmp(t,code,ident,seq,data):
    m=struct.pack('!BBHHH',t,code,0,ident,seq)+data
    return m[:2]+struct.pack('!H',csum(m))+m[4:]
def arp(op,sha,spa,tha,tpa):
    return struct.pack('!HHBBH',1,0x0800,6,4,op)+sha+ip(spa)+tha+ip(tpa)
def dhcp(op,typ,xid,yiaddr,chaddr,opts):
    m=struct.pack('!BBBBIHH4s4s4s4s',op,1,6,0,xid,0,0x8000,ip('0.0.0.0'),ip(yiaddr),ip('10.0.2.2'),ip('0.0.0.0'))
    m+=chaddr+b'\0'*10+b'\0'*64+b'\0'*128+bytes([99,130,83,99])
    o=bytes([53,1,typ])
    for code,val in opts: o+=bytes([code,len(val)])+val
    return m+o+b'\xff'
import sys, os
frames={}
def carr(name,b):
    frames[name]=b
    s='static const uint8_t %s[%d] = {\n'%(name,len(b))
    for i in range(0,len(b),12):
        s+='\t'+', '.join('0x%02x'%x for x in b[i:i+12])+',\n'
    return s+'};\n'
out=[]
out.append(carr('golden_arp_request', eth(b'\xff'*6,HOST,0x0806,arp(1,HOST,'10.0.2.2',b'\0'*6,'10.0.2.15'))+b'\0'*18))
out.append(carr('golden_arp_reply', eth(HOST,US,0x0806,arp(2,US,'10.0.2.15',HOST,'10.0.2.2'))+b'\0'*18))
out.append(carr('golden_icmp_echo', eth(US,HOST,0x0800,ipv4('10.0.2.2','10.0.2.15',1,icmp(8,0,0x1234,1,b'abcdefgh')))))
out.append(carr('golden_icmp_reply_l3', ipv4('10.0.2.15','10.0.2.2',1,icmp(0,0,0x1234,1,b'abcdefgh'),ident=0)))
out.append(carr('golden_udp', eth(US,HOST,0x0800,ipv4('10.0.2.2','10.0.2.15',17,udp('10.0.2.2','10.0.2.15',5000,7,b'hello')))))
out.append(carr('golden_udp_reply_l3', ipv4('10.0.2.15','10.0.2.2',17,udp('10.0.2.15','10.0.2.2',7,5000,b'hello'),ident=0)))
# a UDP datagram whose checksum field is zero (no checksum): accepted
u=udp('10.0.2.2','10.0.2.15',5000,7,b'nosum'); u=u[:6]+b'\0\0'+u[8:]
out.append(carr('golden_udp_nocsum', eth(US,HOST,0x0800,ipv4('10.0.2.2','10.0.2.15',17,u))))
# IP header with options (IHL 6: a NOP x4 option word)
pl=udp('10.0.2.2','10.0.2.15',5000,7,b'opt')
h=struct.pack('!BBHHHBBH4s4s',0x46,0,24+len(pl),7,0,64,17,0,ip('10.0.2.2'),ip('10.0.2.15'))+b'\x01\x01\x01\x00'
h=h[:10]+struct.pack('!H',csum(h))+h[12:]
out.append(carr('golden_ip_options', eth(US,HOST,0x0800,h+pl)))
# the Wikipedia IPv4 header example, checksum b861
out.append(carr('golden_ipv4_wiki', bytes.fromhex('450000730000400040110000c0a80001c0a800c7')))
if '--corpus' not in sys.argv: print('/* SPDX-License-Identifier: ISC */\n/* Golden frames written by gen-golden.py (do not edit by hand). */\n#include <stdint.h>\n')
if '--corpus' not in sys.argv: print('/* The Wikipedia IPv4 example header has the checksum 0x%04x. */' % csum(bytes.fromhex('450000730000400040110000c0a80001c0a800c7')))
# a datagram to a closed port, with an option word: quoted in the error
pl=udp('10.0.2.2','10.0.2.15',40000,9999,b'closed port!')
h=struct.pack('!BBHHHBBH4s4s',0x46,0,24+len(pl),0x99,0,64,17,0,ip('10.0.2.2'),ip('10.0.2.15'))+b'\x01\x01\x01\x00'
h=h[:10]+struct.pack('!H',csum(h))+h[12:]
out.append(carr('golden_udp_closed', eth(US,HOST,0x0800,h+pl)))
out.append(carr('golden_port_unreach_l3', ipv4('10.0.2.15','10.0.2.2',1,icmp(3,3,0,0,(h+pl)[:24+8]),ident=0)))
# a TCP SYN to port 80 (no TCP here): protocol unreachable
syn=struct.pack('!HHIIBBHHH',40001,80,0x01020304,0,0x50,0x02,65535,0x1234,0)
t=ipv4('10.0.2.2','10.0.2.15',6,syn,ident=0x77)
out.append(carr('golden_tcp_syn', eth(US,HOST,0x0800,t)))
out.append(carr('golden_proto_unreach_l3', ipv4('10.0.2.15','10.0.2.2',1,icmp(3,2,0,0,t[:28]),ident=0)))
offer=dhcp(2,2,0xdeadbeef,'10.0.2.15',US,[(54,ip('10.0.2.2')),(1,ip('255.255.255.0')),(3,ip('10.0.2.2')),(51,struct.pack('!I',86400)),(6,ip('10.0.2.3'))])
out.append(carr('golden_dhcp_offer', offer))
if '--corpus' not in sys.argv: print(''.join(out))

offer_frame=eth(b'\xff'*6,HOST,0x0800,ipv4('10.0.2.2','255.255.255.255',17,udp('10.0.2.2','255.255.255.255',67,68,offer)))
frames['dhcp_offer_frame']=offer_frame
if len(sys.argv)>2 and sys.argv[1]=='--corpus':
    for name,b in frames.items():
        if name.startswith('golden_') and not b.startswith((US,b'\xff'*6)): continue
        open(os.path.join(sys.argv[2],name.replace('golden_','')),'wb').write(b)
    sys.exit(0)
