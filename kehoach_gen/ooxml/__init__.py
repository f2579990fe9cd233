"""Reading a Word file as Word shows it: the bounded opening of the package (docxio), Word's style
resolution (resolve), its automatic numbering (numbering) and the anchors of an administrative document's
layout (layout). The checker's rules, the importer and the review tools all read through here."""
