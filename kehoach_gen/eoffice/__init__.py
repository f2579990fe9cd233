"""What an e-office system receives besides the .docx: electronic issuance (electronic), the outgoing record
(metadata), the edXML header (edxml) and the files written beside a build (exchange)."""
