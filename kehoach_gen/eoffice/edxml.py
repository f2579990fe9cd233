"""The header of an edXML message (QCVN 102:2016/BTTTT) for the exchange axis (trục liên thông):
edXMLEnvelope / edXMLHeader / MessageHeader, filled from the outgoing record (metadata.py) and nothing
else. The body (the signed PDF as an attachment), the trace header and the digital signature belong to
the e-office system that sends the message, so they are not written here."""

from __future__ import annotations

from lxml import etree

from kehoach_gen.eoffice.metadata import Outgoing

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
_E = f"{{{NS}}}"
# DocumentType/Type: implementations of the standard that could be read use 1 for an administrative
# document; the code list itself was not available to check (README).
ADMINISTRATIVE = "1"
PRIORITY_NORMAL = "0"  # OtherInfo/Priority: 0 = thường (no urgency mark)
STEERING_NONE = "0"  # SteeringType: 0 = an ordinary document, not a steering one


def _add(parent: etree._Element, tag: str, text: str | int | None = None) -> etree._Element:
    child = etree.SubElement(parent, _E + tag)
    if text is not None:
        child.text = str(text)
    return child


def header(record: Outgoing) -> etree._Element:
    envelope = etree.Element(_E + "edXMLEnvelope", nsmap={"edXML": NS})
    message = _add(_add(envelope, "edXMLHeader"), "MessageHeader")
    sender = _add(message, "From")
    _add(sender, "OrganId", record.organ_id or "")
    _add(sender, "OrganName", record.organ_name)
    code = _add(message, "Code")
    _add(code, "CodeNumber", record.code_number or "")
    _add(code, "CodeNotation", record.code_notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", record.place)
    _add(promulgation, "PromulgationDate", record.issued_date.replace("-", "/") if record.issued_date else "")
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "Type", ADMINISTRATIVE)
    _add(doc_type, "TypeName", record.type_name)
    _add(message, "Subject", record.subject)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", record.competence_words)
    _add(signer, "Position", record.position)
    _add(signer, "FullName", record.full_name)
    places = _add(message, "ToPlaces")
    for recipient in record.recipients:
        _add(places, "Place", recipient)
    other = _add(message, "OtherInfo")
    _add(other, "Priority", record.priority if record.priority is not None else PRIORITY_NORMAL)
    _add(other, "PageAmount", record.page_amount if record.page_amount is not None else "")
    appendixes = _add(other, "Appendixes")
    for appendix in record.appendices:
        _add(appendixes, "Appendix", appendix)
    _add(message, "SteeringType", STEERING_NONE)
    _add(message, "DocumentId", record.document_id or "")
    return envelope


def to_bytes(record: Outgoing) -> bytes:
    return etree.tostring(header(record), xml_declaration=True, encoding="UTF-8", pretty_print=True)
