"""A classification upload script: thousands of frames with 512-d embeddings and one model.

Usage: classification.py API_ENDPOINT API_KEY PROJECT DATA.json
DATA.json: classes, frames (id, image URL, size, class, embedding) and predictions
(frame id, class, confidence). Written only against aquariumlearning's public API.
"""

import json
import sys

import aquariumlearning as al

endpoint, key, project, data_path = sys.argv[1:5]
with open(data_path) as handle:
    data = json.load(handle)

al_client = al.Client(api_endpoint=endpoint)
al_client.set_credentials(api_key=key)
al_client.create_project(
    project,
    al.LabelClassMap.from_classnames(data["classes"]),
    primary_task=al.PrimaryTaskTypes.Classification,
)

dataset = al.LabeledDataset(al_client, "all", project, frame_embedding_model="clip-512")
for frame in data["frames"]:
    dataset.create_and_add_labeled_frame(
        frame_id=frame["id"],
        sensor_data=[al.Image(image_url=frame["image"], width=frame["width"], height=frame["height"])],
        labels=[al.Classification2DLabel(id=f"{frame['id']}_gt", classification=frame["class"])],
        embedding=frame["embedding"],
    )
al_client.create_or_update_labeled_dataset(dataset, wait_until_finish=True)

inferences = al.InferenceSet(al_client, "resnet", project, "all")
for prediction in data["predictions"]:
    inferences.create_and_add_inference_frame(
        frame_id=prediction["id"],
        inferences=[
            al.Classification2DInference(
                id=f"{prediction['id']}_pred",
                classification=prediction["class"],
                confidence=float(prediction["confidence"]),
            )
        ],
    )
al_client.create_or_update_inference_set(inferences, wait_until_finish=True)

print(
    json.dumps(
        {
            "dataset_processed": al_client.is_dataset_processed(project, "all"),
            "inferences_processed": al_client.is_inferences_processed(project, "all", "resnet"),
            "frame_ids": len(al_client.get_frame_ids(project, "all")),
        }
    )
)
