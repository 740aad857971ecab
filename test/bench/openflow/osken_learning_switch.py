# SPDX-License-Identifier: ISC
"""An OpenFlow 1.0 learning switch for os-ken (Debian's python3-os-ken has
no os_ken.app.simple_switch): what upstream's simple_switch does, so the
bench's peer works as NOX's and Maestro's learning switches did in the
Mirage paper. Per datapath, the source address is learnt on in_port; a
known destination gets a flow on in_port, dl_dst and dl_src with output to
its port and a PACKET_OUT; an unknown one is flooded.

    osken-manager --ofp-tcp-listen-port 6653 osken_learning_switch.py
"""
from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import MAIN_DISPATCHER, set_ev_cls
from os_ken.lib.packet import ethernet, packet
from os_ken.ofproto import ofproto_v1_0


class LearningSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_0.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ports = {}  # datapath id -> {mac: port}

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        eth = packet.Packet(msg.data).get_protocol(ethernet.ethernet)
        if eth is None:
            return
        table = self.ports.setdefault(dp.id, {})
        table[eth.src] = msg.in_port
        out = table.get(eth.dst, ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out)]
        if out != ofp.OFPP_FLOOD:
            match = parser.OFPMatch(in_port=msg.in_port, dl_dst=eth.dst,
                                    dl_src=eth.src)
            dp.send_msg(parser.OFPFlowMod(
                datapath=dp, match=match, cookie=0, command=ofp.OFPFC_ADD,
                idle_timeout=60, hard_timeout=0,
                priority=ofp.OFP_DEFAULT_PRIORITY, actions=actions))
        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(
            datapath=dp, buffer_id=msg.buffer_id, in_port=msg.in_port,
            actions=actions, data=data))
